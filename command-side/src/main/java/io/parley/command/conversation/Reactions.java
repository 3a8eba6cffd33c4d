package io.parley.command.conversation;

/** What a reaction may be: one emoji, a short run of symbols with no letters, digits or spaces. */
final class Reactions {

    /** In UTF-16 chars: room for an emoji with skin tone and joiners (a family is 11). */
    static final int MAX_LENGTH = 16;

    private Reactions() {
    }

    static boolean isEmoji(String emoji) {
        if (emoji == null || emoji.isEmpty() || emoji.length() > MAX_LENGTH) {
            return false;
        }
        return emoji.codePoints().noneMatch(c -> Character.isLetterOrDigit(c) || Character.isWhitespace(c)
                || Character.isISOControl(c)) && emoji.codePoints().anyMatch(c -> c > 0x7F);
    }
}
