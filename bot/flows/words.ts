// How typed text is compared with the words and button labels the bot knows.

// A polite particle at the end ("หางานครับ", "trabaho po", "việc làm ạ") does not change what was asked for.
const POLITE = /(?:\s*(?:นะครับ|นะคะ|ครับ|ค่ะ|คะ|จ้ะ|จ้า)|\s+(?:po|ạ|nhé|nha|please|pls))+$/u;

/** Case, width and spacing folded; quotes and closing punctuation dropped; a trailing polite particle dropped. */
export const normalize = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'“”「」]+|(?<=.)[\s.!！。,，?？"'“”「」]+$/gu, '')
    .replace(POLITE, '');

/** A button label as a person types it back: without its emoji, symbols and punctuation ("🔎 Find jobs" → "find jobs"). */
export const labelKey = (text: string): string =>
  normalize(text.replace(/[\p{Extended_Pictographic}\p{S}\p{P}\u200d\ufe0f]/gu, ' '))
    .replace(/\s+/g, ' ')
    .trim();
