import { SharedChrome } from '@/components/reports/shared-chrome';

export default function SharedReportNotFound() {
  return (
    <SharedChrome>
      <div className="card" data-testid="share-link-invalid">
        <h1>This link does not work</h1>
        <p>
          The report link is unknown, was revoked by its owner, or has expired. Ask the person who shared it for a new
          link.
        </p>
      </div>
    </SharedChrome>
  );
}
