package org.snnaudio.cli.report;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "a readable PNG");
        return img;
    }

    @Test
    void everyPlotIsAValidPng() throws Exception {
        double[] x = {1, 2, 3};
        assertTrue(decode(Plots.lines("t", "x", "y", List.of(new Plots.Line("a", x, new double[]{1, Double.NaN, 3})), 400, 300))
                .getWidth() == 400);
        assertEquals(300, decode(Plots.histogram("h", "v", new double[]{1, 2, 2, 3, 9}, 5, 420, 300)).getHeight());
        assertTrue(decode(Plots.histogram("constant", "v", new double[]{2, 2}, 5, 420, 300)).getWidth() > 0);
        assertTrue(decode(Plots.raster("r", new float[][]{{1, 0}, {0, 1}, {0, 0}}, 0.001, 400, 300)).getWidth() > 0);
        assertTrue(decode(Plots.raster("silent", new float[][]{{0, 0}}, 0.001, 400, 300)).getWidth() > 0);
        assertTrue(decode(Plots.roc("roc", new double[]{0, 0.5, 1}, new double[]{0, 0.8, 1}, 0.65)).getWidth() > 0);
    }

    @Test
    void confusionHeatmapShadesTheDiagonalByRecall() throws Exception {
        long[][] m = {{10, 0}, {5, 5}};
        BufferedImage img = decode(Plots.confusion("cm", m, List.of("yes", "no")));
        assertTrue(img.getWidth() >= 150 && img.getHeight() >= 100, img.getWidth() + "x" + img.getHeight());
        // the bottom-right cell (class 'no', recall 0.5) is green, the one left of it (5 errors, half the row) red
        int rgbDiag = img.getRGB(img.getWidth() - 30 - 48 / 2 - 6, img.getHeight() - 50 - 6);
        int rgbErr = img.getRGB(img.getWidth() - 30 - 48 - 48 / 2 - 6, img.getHeight() - 50 - 6);
        java.awt.Color diag = new java.awt.Color(rgbDiag);
        java.awt.Color err = new java.awt.Color(rgbErr);
        assertTrue(diag.getGreen() > diag.getRed(), "diagonal cell is green: " + diag);
        assertTrue(err.getRed() > err.getGreen(), "error cell is red: " + err);
    }

    @Test
    void reportHasSectionsAndInlineImages() throws Exception {
        HtmlReport r = new HtmlReport("Run <1>");
        r.section("Summary").tiles(java.util.Map.of("accuracy", "97.0 %")).paragraph("a & b");
        r.section("Plots").image(Plots.histogram("h", "v", new double[]{1, 2, 3}, 3, 300, 200), "caption");
        r.table(List.of(List.of("k", "v"), List.of("x", "0.5")));
        String html = r.html();
        assertTrue(html.contains("<title>Run &lt;1&gt;</title>"));
        assertTrue(html.contains("<h2 id=\"s0\">Summary</h2>") && html.contains("<h2 id=\"s1\">Plots</h2>"));
        assertTrue(html.contains("a &amp; b"));
        assertTrue(html.contains("<td class=\"num\">0.5</td>"));
        assertTrue(!html.contains("src=\"http") && !html.contains("<script"), "self-contained");
        Matcher mt = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int n = 0;
        while (mt.find()) {
            decode(Base64.getDecoder().decode(mt.group(1)));
            n++;
        }
        assertEquals(1, n);
        assertEquals(1, r.imageCount());
    }
}
