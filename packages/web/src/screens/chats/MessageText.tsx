import { splitLinks } from './link-text.js';

/** Message text as text, with http(s) URLs as links that open apart from Parley. */
export function MessageText({ text }: { text: string }) {
  return (
    <span>
      {splitLinks(text).map((part, index) =>
        part.kind === 'link' ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </span>
  );
}
