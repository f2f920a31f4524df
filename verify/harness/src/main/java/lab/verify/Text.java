package lab.verify;

/**
 * Makes text from learner code safe to show: every control character but newline and tab, and every Unicode
 * direction override, becomes a visible escape, so nothing a learner prints can drive a terminal, a report or a
 * file. The one place this rule lives: whatever leaves the checker for a person goes through it.
 */
public final class Text {

    private Text() {}

    /** The text with control characters shown as escapes: backslash-e for ESC, else backslash-x or backslash-u and the code in hex. */
    public static String clean(String s) {
        if (s == null) return "null";
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = escape(c);
            // half of a surrogate pair alone cannot be written as UTF-8: shown as its code instead of lost
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (escape == null && Character.isSurrogate(c) && !paired) escape = "\\u%04x".formatted((int) c);
            if (escape == null) {
                if (out != null) out.append(c);
                continue;
            }
            if (out == null) out = new StringBuilder(s.length() + 16).append(s, 0, i);
            out.append(escape);
        }
        return out == null ? s : out.toString();
    }

    /** Like {@link #clean}, and newlines and tabs become escapes too: for text that must stay on one line. */
    public static String oneLine(String s) {
        return clean(s).replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String escape(char c) {
        if (c == '\n' || c == '\t') return null;
        if (c == 0x1b) return "\\e";
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) return "\\x%02x".formatted((int) c);
        // bidirectional overrides and isolates reorder what a reader sees (the "trojan source" trick)
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f) return "\\u%04x".formatted((int) c);
        return null;
    }
}
