package org.snnaudio.cli.report;

import org.snnaudio.core.io.AtomicFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML page (no external files: plots are inline base64 PNGs) built section by section.
 */
public final class HtmlReport {
    private final String title;
    private final StringBuilder body = new StringBuilder();
    private final List<String> toc = new ArrayList<>();
    private int images;

    public HtmlReport(String title) {
        this.title = title;
    }

    /** Starts a section with a heading (listed in the contents). */
    public HtmlReport section(String heading) {
        String id = "s" + toc.size();
        toc.add("<a href=\"#" + id + "\">" + esc(heading) + "</a>");
        body.append("<h2 id=\"").append(id).append("\">").append(esc(heading)).append("</h2>\n");
        return this;
    }

    /** A paragraph of plain text. */
    public HtmlReport paragraph(String text) {
        body.append("<p>").append(esc(text)).append("</p>\n");
        return this;
    }

    /** A note shown in a highlighted box ({@code warn} in amber). */
    public HtmlReport note(String text, boolean warn) {
        body.append("<div class=\"note").append(warn ? " warn" : "").append("\">").append(esc(text)).append("</div>\n");
        return this;
    }

    /** Preformatted text (tables printed for the terminal, configs). */
    public HtmlReport pre(String text) {
        body.append("<pre>").append(esc(text)).append("</pre>\n");
        return this;
    }

    /** Headline numbers as large tiles. */
    public HtmlReport tiles(Map<String, String> values) {
        body.append("<div class=\"tiles\">");
        values.forEach((k, v) -> body.append("<div class=\"tile\"><div class=\"v\">").append(esc(v))
                .append("</div><div class=\"k\">").append(esc(k)).append("</div></div>"));
        body.append("</div>\n");
        return this;
    }

    /** A table; the first row is the header. Cells that parse as numbers are right-aligned. */
    public HtmlReport table(List<List<String>> rows) {
        body.append("<table>");
        for (int r = 0; r < rows.size(); r++) {
            body.append("<tr>");
            for (String cell : rows.get(r)) {
                String tag = r == 0 ? "th" : "td";
                boolean num = r > 0 && cell.matches("[-+]?[0-9.,]+( ?%)?(e[-+]?[0-9]+)?");
                body.append('<').append(tag).append(num ? " class=\"num\"" : "").append('>').append(esc(cell))
                        .append("</").append(tag).append('>');
            }
            body.append("</tr>");
        }
        body.append("</table>\n");
        return this;
    }

    /** A PNG image with a caption. */
    public HtmlReport image(byte[] png, String caption) {
        images++;
        body.append("<figure><img alt=\"").append(esc(caption)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>").append(esc(caption))
                .append("</figcaption></figure>\n");
        return this;
    }

    /** Several images side by side (wrapping on narrow screens). */
    public HtmlReport row(List<byte[]> pngs, List<String> captions) {
        body.append("<div class=\"row\">");
        for (int i = 0; i < pngs.size(); i++) {
            image(pngs.get(i), captions.get(i));
        }
        body.append("</div>\n");
        return this;
    }

    /** Number of images added so far. */
    public int imageCount() {
        return images;
    }

    /** The whole page. */
    public String html() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n<style>\n"
                + "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1180px;margin:24px auto;"
                + "padding:0 20px;color:#222;line-height:1.45}\n"
                + "h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:34px}\n"
                + "nav{font-size:14px;color:#555}nav a{margin-right:14px;color:#1f5fa8;text-decoration:none}\n"
                + "table{border-collapse:collapse;margin:10px 0;font-size:14px}th,td{border:1px solid #ddd;padding:4px 10px;text-align:left}"
                + "th{background:#f4f6f8}td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
                + "pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:10px;font-size:12.5px;overflow-x:auto}\n"
                + "figure{display:inline-block;margin:8px 12px 8px 0;vertical-align:top}figure img{max-width:100%;"
                + "border:1px solid #eee}figcaption{font-size:13px;color:#555;max-width:560px}\n"
                + ".row{display:flex;flex-wrap:wrap;align-items:flex-start}\n"
                + ".tiles{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.tile{border:1px solid #dde;border-radius:6px;"
                + "padding:10px 16px;min-width:120px;background:#fafbff}.tile .v{font-size:24px;font-weight:600}.tile .k{font-size:13px;color:#555}\n"
                + ".note{border-left:4px solid #3a7;background:#f3faf5;padding:8px 12px;margin:10px 0}"
                + ".note.warn{border-color:#d90;background:#fff8e6}\n"
                + "</style></head><body>\n<h1>" + esc(title) + "</h1>\n<nav>" + String.join(" ", toc) + "</nav>\n" + body
                + "<p style=\"color:#888;font-size:12px;margin-top:40px\">Generated by snnaudio.</p>\n</body></html>\n";
    }

    /** Writes the page atomically. */
    public void write(Path file) {
        AtomicFiles.writeString(file, html());
    }

    /** HTML-escapes text. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
