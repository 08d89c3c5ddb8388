export default function SharedReportNotFound() {
  return (
    <div className="card" data-testid="share-link-invalid">
      <style>{'.topbar nav, .topbar > a:not(.brand), .topbar .spacer ~ * { display: none !important; }'}</style>
      <h1>This link does not work</h1>
      <p>The report link is unknown, was revoked by its owner, or has expired. Ask the person who shared it for a new link.</p>
    </div>
  );
}
