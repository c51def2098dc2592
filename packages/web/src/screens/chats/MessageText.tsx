import { splitLinks } from './link-text.js';
import { splitMentions } from './mentions/mention-text.js';
import styles from './MessageText.module.scss';

/**
 * Message text as text, with http(s) URLs as links that open apart from Parley and the members it
 * mentions (`@name`, for the display names given) highlighted.
 */
export function MessageText({ text, mentions = [] }: { text: string; mentions?: string[] }) {
  return (
    <span>
      {splitLinks(text).map((part, index) =>
        part.kind === 'link' ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          <span key={index}>
            {splitMentions(part.text, mentions).map((piece, at) =>
              piece.kind === 'mention' ? (
                <strong key={at} className={styles.mention}>
                  {piece.text}
                </strong>
              ) : (
                piece.text
              ),
            )}
          </span>
        ),
      )}
    </span>
  );
}
