/** An http(s) URL, without the punctuation that usually ends the sentence around it. */
const URL_PATTERN = /(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)])/;

/**
 * Plain text (an email body) with its http(s) links as anchors. React escapes everything else, so nothing in
 * the text is ever read as HTML, and only http(s) URLs become links.
 */
export function LinkedText({ text }: { text: string }) {
  // split() with a capturing group puts the URLs at the odd indexes.
  return text.split(URL_PATTERN).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part} className="text-brand-700 underline">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
