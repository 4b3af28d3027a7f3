package org.snnaudio.cli.audio;

import org.snnaudio.core.SnnaudioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * {@code snnaudio data download fsdd|shd --out DIR}: fetches a public dataset for users (needs network
 * access; never used by the tests). FSDD comes from its GitHub repository (recordings only), SHD from
 * the Zenke lab's server (train and test HDF5 files, unpacked).
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download a public dataset: fsdd (Free Spoken Digit Dataset, 3000 WAVs) or shd (Spiking Heidelberg Digits).")
public final class DownloadCommand implements Callable<Integer> {
    static final String FSDD_ZIP = "https://github.com/Jakobovski/free-spoken-digit-dataset/archive/refs/heads/master.zip";
    static final String SHD_BASE = "https://zenkelab.org/datasets/";

    @Parameters(index = "0", paramLabel = "NAME", description = "fsdd or shd")
    String name;

    @Option(names = "--out", required = true, description = "Target folder.")
    Path out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        Files.createDirectories(out);
        switch (name.toLowerCase(Locale.ROOT)) {
            case "fsdd" -> {
                Path zip = fetch(http, FSDD_ZIP, out.resolve(".fsdd.zip"));
                Path rec = out.resolve("recordings");
                Files.createDirectories(rec);
                int n = 0;
                try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
                    for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                        String entry = e.getName();
                        if (!e.isDirectory() && entry.contains("/recordings/") && entry.endsWith(".wav")) {
                            Path target = rec.resolve(Path.of(entry).getFileName().toString());
                            Files.copy(z, target, StandardCopyOption.REPLACE_EXISTING);
                            n++;
                        }
                    }
                } finally {
                    Files.deleteIfExists(zip);
                }
                System.out.println(n + " recordings in " + rec + "; use them with --data " + out);
            }
            case "shd" -> {
                for (String f : new String[]{"shd_train.h5", "shd_test.h5"}) {
                    Path gz = fetch(http, SHD_BASE + f + ".gz", out.resolve("." + f + ".gz"));
                    Path tmp = out.resolve("." + f + ".part");
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, out.resolve(f), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(gz);
                        Files.deleteIfExists(tmp);
                    }
                    System.out.println(out.resolve(f));
                }
            }
            default -> throw new SnnaudioException("data download: unknown dataset \"" + name + "\"; known: fsdd, shd");
        }
        return 0;
    }

    private static Path fetch(HttpClient http, String url, Path target) throws IOException, InterruptedException {
        System.err.println("downloading " + url);
        HttpResponse<Path> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30)).build(),
                    HttpResponse.BodyHandlers.ofFile(target));
        } catch (IOException e) {
            throw new SnnaudioException("cannot download " + url + " (" + e.getMessage() + "); check the network connection", e);
        }
        if (r.statusCode() != 200) {
            Files.deleteIfExists(target);
            throw new SnnaudioException("cannot download " + url + ": HTTP " + r.statusCode());
        }
        return target;
    }
}
