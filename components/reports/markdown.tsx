/**
 * Report notes: markdown rendered without any raw HTML (skipHtml drops <script>, <iframe>, event
 * handlers... entirely), links limited to http(s)/mailto/relative (javascript:, data: and the like
 * are removed), opened with rel="noopener noreferrer nofollow"; images become plain links so a
 * shared report cannot load third-party trackers in a manager's browser.
 */
import Markdown, { type Components } from 'react-markdown';

export function safeUrl(url: string): string {
  const u = url.trim();
  if (/^(https?:|mailto:)/i.test(u)) return u;
  // Relative links (no scheme): "/runs/1", "#section", "page". A colon before any / ? # means a scheme.
  if (!/^[^/?#]*:/.test(u) && !u.startsWith('//')) return u;
  return '';
}

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} rel="noopener noreferrer nofollow" target="_blank">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ src, alt }) =>
    typeof src === 'string' && src ? (
      <a href={src} rel="noopener noreferrer nofollow" target="_blank">
        {alt || src}
      </a>
    ) : (
      <span>{alt}</span>
    ),
};

export function ReportNotes({ markdown }: { markdown: string }) {
  if (!markdown.trim()) return <p className="muted">No notes.</p>;
  return (
    <div className="report-notes" data-testid="report-notes">
      <Markdown skipHtml urlTransform={safeUrl} components={components}>
        {markdown}
      </Markdown>
    </div>
  );
}
