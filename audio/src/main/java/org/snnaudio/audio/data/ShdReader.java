package org.snnaudio.audio.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Node;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Spiking Heidelberg Digits HDF5 files (jHDF): {@code spikes/times} (seconds, variable-length
 * float16 or float32 arrays), {@code spikes/units} (channel per spike), {@code labels}, and optional
 * {@code extra/speaker}; spikes are binned into time steps of {@code maxTime / steps} seconds (later
 * spikes are dropped; several spikes of one channel in a bin count several times).
 */
public final class ShdReader {
    /** Class names of SHD's 20 labels: English digits 0-9 then German digits 0-9. */
    public static final List<String> CLASS_NAMES = List.of(
            "en-0", "en-1", "en-2", "en-3", "en-4", "en-5", "en-6", "en-7", "en-8", "en-9",
            "de-0", "de-1", "de-2", "de-3", "de-4", "de-5", "de-6", "de-7", "de-8", "de-9");

    private ShdReader() {
    }

    /** Reads all files of the config into one dataset; each file's name gives the split tag. */
    public static LoadedDataset read(DatasetConfig.Shd config) {
        List<Sample> samples = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        int maxLabel = -1;
        for (Path file : config.files()) {
            String split = splitOf(file);
            List<Sample> part = new ArrayList<>();
            List<String> speakers = new ArrayList<>();
            readFile(file, config, part, speakers);
            for (int i = 0; i < part.size(); i++) {
                Sample s = part.get(i);
                maxLabel = Math.max(maxLabel, s.label());
                samples.add(s);
                entries.add(new Entry(file, s.label(), null, speakers.isEmpty() ? null : speakers.get(i), split));
            }
        }
        List<String> names;
        if (maxLabel < CLASS_NAMES.size()) {
            names = CLASS_NAMES;
        } else {
            names = new ArrayList<>();
            for (int i = 0; i <= maxLabel; i++) {
                names.add(Integer.toString(i));
            }
        }
        List<Entry> named = new ArrayList<>();
        for (Entry e : entries) {
            named.add(new Entry(e.file(), e.label(), names.get(e.label()), e.group(), e.split()));
        }
        return new LoadedDataset(new Dataset(samples, names), named, List.of(), config.maxTime() / config.steps());
    }

    static String splitOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.contains("train")) {
            return "train";
        }
        if (n.contains("test")) {
            return "test";
        }
        if (n.contains("valid") || n.contains("val")) {
            return "validation";
        }
        return null;
    }

    private static void readFile(Path file, DatasetConfig.Shd c, List<Sample> out, List<String> speakers) {
        if (!Files.isRegularFile(file)) {
            throw new SnnaudioException(file + ": SHD file not found");
        }
        try (HdfFile h = new HdfFile(file)) {
            Object labels = data(h, file, "labels");
            Object times = data(h, file, "spikes/times");
            Object units = data(h, file, "spikes/units");
            int n = Array.getLength(labels);
            if (Array.getLength(times) != n || Array.getLength(units) != n) {
                throw new SnnaudioException(file + ": spikes/times (" + Array.getLength(times) + "), spikes/units ("
                        + Array.getLength(units) + ") and labels (" + n + ") must have one entry per sample");
            }
            Object speaker = null;
            Node extra = h.getChildren().get("extra");
            if (extra != null) {
                try {
                    speaker = h.getDatasetByPath("extra/speaker").getData();
                } catch (RuntimeException e) {
                    speaker = null; // optional metadata
                }
            }
            double binWidth = c.maxTime() / c.steps();
            for (int i = 0; i < n; i++) {
                Object t = Array.get(times, i);
                Object u = Array.get(units, i);
                int m = t == null ? 0 : Array.getLength(t);
                if ((u == null ? 0 : Array.getLength(u)) != m) {
                    throw new SnnaudioException(file + ": sample " + i + " has " + m + " spike times but "
                            + (u == null ? 0 : Array.getLength(u)) + " units");
                }
                int label = (int) Math.round(Array.getDouble(labels, i));
                if (label < 0) {
                    throw new SnnaudioException(file + ": sample " + i + " has label " + label + "; labels must be >= 0");
                }
                int[] counts = new int[c.steps() + 1];
                int[] bins = new int[m];
                int[] chans = new int[m];
                int kept = 0;
                for (int k = 0; k < m; k++) {
                    double time = Array.getDouble(t, k);
                    long unit = Math.round(Array.getDouble(u, k));
                    if (!Double.isFinite(time) || time < 0) {
                        throw new SnnaudioException(file + ": sample " + i + " has spike time " + time + " s; times must be >= 0");
                    }
                    if (unit < 0 || unit >= c.channels()) {
                        throw new SnnaudioException(file + ": sample " + i + " has a spike on unit " + unit + ", outside [0, "
                                + c.channels() + ") channels");
                    }
                    int b = (int) Math.floor(time / binWidth);
                    if (b >= c.steps()) {
                        continue;
                    }
                    bins[kept] = b;
                    chans[kept] = (int) unit;
                    kept++;
                    counts[b + 1]++;
                }
                for (int s = 0; s < c.steps(); s++) {
                    counts[s + 1] += counts[s];
                }
                int[] idx = new int[kept];
                int[] fill = counts.clone();
                for (int k = 0; k < kept; k++) {
                    idx[fill[bins[k]]++] = chans[k];
                }
                out.add(new SpikeSample(counts, idx, c.steps(), c.channels(), label));
                if (speaker != null && i < Array.getLength(speaker)) {
                    speakers.add(String.valueOf(Math.round(Array.getDouble(speaker, i))));
                }
            }
            if (!speakers.isEmpty() && speakers.size() != out.size()) {
                speakers.clear();
            }
        } catch (SnnaudioException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SnnaudioException(file + ": not a readable SHD HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    private static Object data(HdfFile h, Path file, String path) {
        Object d;
        try {
            d = h.getDatasetByPath(path).getData();
        } catch (RuntimeException e) {
            throw new SnnaudioException(file + ": missing or unreadable dataset '" + path + "' (SHD files hold spikes/times,"
                    + " spikes/units and labels)", e);
        }
        if (d == null || !d.getClass().isArray()) {
            throw new SnnaudioException(file + ": dataset '" + path + "' is not a one-dimensional array");
        }
        return d;
    }
}
