'use strict';

/**
 * Shortens `text` to at most `max` characters, where a character is one Unicode code point
 * (an emoji such as "🍕" counts as one). Longer text is cut and ends with "…", which counts as
 * one of the `max` characters. Text that fits is returned unchanged. `max` is at least 1.
 */
function truncate(text, max) {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - 1).join('') + '…';
}

/** Number of characters (code points) in `text`. */
function charCount(text) {
  return Array.from(text).length;
}

module.exports = { truncate, charCount };
