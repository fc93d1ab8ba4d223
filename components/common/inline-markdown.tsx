import { Fragment } from 'react';

/** Renders the inline Markdown remediation texts use: [links](https://…) and `code`; all else is text. */
export function InlineMarkdown({ text }: { text: string }) {
  const parts = text.split(/(\[[^\]]+\]\(https?:\/\/[^)\s]+\)|`[^`]+`)/g);
  return (
    <>
      {parts.map((part, i) => {
        const link = /^\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)$/.exec(part);
        if (link)
          return (
            <a key={i} href={link[2]} rel="noreferrer">
              {link[1]}
            </a>
          );
        if (/^`[^`]+`$/.test(part)) return <code key={i}>{part.slice(1, -1)}</code>;
        return <Fragment key={i}>{part}</Fragment>;
      })}
    </>
  );
}
