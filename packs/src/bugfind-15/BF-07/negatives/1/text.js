'use strict';

/**
 * Shortens `text` to at most `max` characters, where a character is one Unicode code point
 * (an emoji such as "🍕" counts as one). Longer text is cut and ends with "…", which counts as
 * one of the `max` characters. Text that fits is returned unchanged. `max` is at least 1.
 */
function truncate(text, max) {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + '…';
}

/** Number of characters (code points) in `text`. */
function charCount(text) {
  return text.length;
}

module.exports = { truncate, charCount };
