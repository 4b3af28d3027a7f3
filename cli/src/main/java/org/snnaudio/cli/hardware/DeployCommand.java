package org.snnaudio.cli.hardware;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.io.ModelFile;
import org.snnaudio.core.io.SavedModel;
import org.snnaudio.hardware.deploy.Deployer;
import org.snnaudio.hardware.deploy.IntegerNetwork;
import org.snnaudio.hardware.rules.DesignRules;
import org.snnaudio.hardware.target.HardwareTarget;
import org.snnaudio.hardware.target.Targets;
import org.snnaudio.core.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code snnaudio deploy}: checks a model against a hardware target's design rules, quantises it and
 * writes the integer network (network.json + weights.bin) beside a copy of the model file, so that
 * {@code snnaudio evaluate --model DIR} can run it on the bit-exact simulator with the model's own
 * frontend and encoder.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Check design rules, quantise and write the integer network for a hardware target.")
public final class DeployCommand implements Callable<Integer> {
    /** Name of the model file copied into the deployment folder. */
    public static final String MODEL_COPY = "model.snnm";

    @Option(names = "--model", required = true, description = "Model file (.snnm).")
    Path model;

    @Option(names = "--target", required = true,
            description = "Built-in target (digital-int8, digital-int4, analog-nwave) or a target YAML file.")
    String target;

    @Option(names = "--out", required = true, description = "Folder to write the deployed network into.")
    Path out;

    @Option(names = "--input-max", description = "Largest |input| of analog (non-spike) network inputs; sets the input "
            + "scale. Not needed for spike inputs.")
    Double inputMax;

    @Option(names = "--check-only", description = "Only run the design-rule checks and list every violation.")
    boolean checkOnly;

    @Option(names = "--data", description = "Labelled recordings to compare the float model with the deployed network on "
            + "(the layout's official test part when it has one, else all); writes DIR/deploy-report.json.")
    Path data;

    @Option(names = "--test-data", description = "Labelled recordings to evaluate on instead of --data's test part "
            + "(all of them), e.g. the Arabic digits' val.csv when --data is train.csv; --data is then used only for "
            + "fine-tuning and input calibration.")
    Path testData;

    @Option(names = "--format", description = "Layout of --data (detected when unambiguous).")
    String format;

    @Option(names = "--mismatch-draws", defaultValue = "0",
            description = "Monte-Carlo draws of the target's device mismatch to evaluate on --data (default ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--mismatch-breakdown", description = "With --mismatch-draws: also the accuracy with each spread alone "
            + "(weights, thresholds, time constants) and with the full spreads on one layer at a time, to find what the "
            + "network is sensitive to.")
    boolean breakdown;

    @Option(names = "--mismatch-calibration", paramLabel = "N", description = "With --mismatch-draws: also the accuracy "
            + "of each drawn chip after a per-chip readout calibration, a linear decoder of its readout scores fit on N "
            + "labelled recordings run through that chip (drawn from the training part of --data, or all of --data with "
            + "--test-data; never the evaluated recordings), and the float model's with the same calibration.")
    Integer calibrationRecordings;

    @Option(names = "--calibration-bins", paramLabel = "B", description = "With --mismatch-calibration: the decoder reads "
            + "each readout neuron's spike counts in B equal time bins of the recording (default: 4 for a spike-count "
            + "readout, 1 otherwise; 1: the readout scores alone, which undoes each class neuron's gain and offset only).")
    Integer calibrationBins;

    @Option(names = "--threads", description = "Worker threads for --data (default: all processors).")
    Integer threads;

    @Option(names = "--fine-tune-epochs", defaultValue = "0", description = "Before deploying, fine-tune on the training "
            + "part of --data for this many epochs with quantisation-aware training (and the target's constraint "
            + "penalties and projection); the fine-tuned model is saved in DIR (default ${DEFAULT-VALUE}: off).")
    int fineTuneEpochs;

    @Option(names = "--fine-tune-lr", description = "Learning rate of the fine-tuning (default: the model's config).")
    Double fineTuneLr;

    @Option(names = "--fine-tune-rate-weight", description = "Factor on the weights of the model's firing-rate targets "
            + "during fine-tuning (0 drops them; default: 1, as trained). A per-neuron rate target on the readout pulls "
            + "every class neuron to the same rate and so keeps the gap between the winner and the rest small, which device "
            + "mismatch then closes.")
    Double fineTuneRateWeight;

    @Option(names = "--fine-tune-augment", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Fine-tune on the config's augmented copies (training.augment) as well (default: on; "
            + "--no-fine-tune-augment trains on the recordings alone, which is several times faster).")
    boolean fineTuneAugment;

    @Option(names = "--fine-tune-tau-gain", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "In mismatch-aware fine-tuning, a drawn time constant also scales the neuron's input per step, "
            + "as the Monte-Carlo evaluation models it (default: on). --no-fine-tune-tau-gain draws only the leak: a milder "
            + "perturbation, for use with --mismatch-calibration, which undoes the readout neurons' gain errors.")
    boolean fineTuneTauGain;

    @Option(names = "--equalise-neurons", description = "Before quantising (and fine-tuning), scale each spiking neuron's "
            + "incoming weights and threshold so that its largest |weight| is the layer's: the same spikes, but every neuron "
            + "uses the whole weight grid of the layer's one scale (per-channel quantisation). Thresholds grow by the same factor; "
            + "one beyond the membrane register is reported as an error.")
    boolean equalise;

    @Option(names = "--fine-tune-cosine", description = "Cosine learning-rate decay to 0 over the fine-tuning epochs "
            + "(default: the model's config schedule); under mismatch-aware training the last epochs at a small rate average "
            + "over many draws instead of following the last few.")
    boolean fineTuneCosine;

    @Option(names = "--fine-tune-reorder", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "On targets with sign groups, first order each hidden layer's neurons so that the groups cut the "
            + "least weight (the network computes the same; default: on). --no-fine-tune-reorder keeps the trained order.")
    boolean fineTuneReorder;

    @Option(names = "--fine-tune-clip", paramLabel = "Q", description = "Quantisation-aware fine-tuning puts the largest "
            + "integer weight at this quantile of each layer's |w| (1: the largest weight; below 1 the largest weights are "
            + "clipped and the grid is finer for the rest). Default: 0.9 for weights of 4 bits or fewer, 1 otherwise.")
    Double fineTuneClip;

    @Option(names = "--fine-tune-batch", description = "Batch size of the fine-tuning (default: the model's config); "
            + "mismatch-aware training draws a fresh mismatch per batch, so smaller batches see more chips.")
    Integer fineTuneBatch;

    @Option(names = "--fine-tune-mismatch", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "On targets with device mismatch, fine-tune on a fresh draw of it per batch (default: on). "
            + "--no-fine-tune-mismatch fine-tunes for the rules and the weight grid alone, for when each chip is tuned "
            + "in the loop (--chip-tuning-epochs).")
    boolean fineTuneMismatch;

    @Option(names = "--chip-tuning-epochs", paramLabel = "N", defaultValue = "0", description = "With --mismatch-draws: "
            + "tune each drawn chip in the loop, N epochs on the training part of --data with every forward pass on that "
            + "chip (rules and weight grid kept), and report its accuracy before and after (with --mismatch-calibration "
            + "also calibrated). Simulates hardware-in-the-loop training of each chip; default ${DEFAULT-VALUE}: off.")
    int chipTuningEpochs;

    @Option(names = "--chip-tuning-lr", paramLabel = "LR", defaultValue = "0.001", description = "Learning rate of the per-chip tuning, "
            + "decayed to 0 over its epochs (default ${DEFAULT-VALUE}); its batch size is --fine-tune-batch's.")
    double chipTuningLr;

    @Override
    public Integer call() throws IOException {
        if (calibrationBins != null && (calibrationBins < 1 || calibrationBins > 64)) {
            throw new SnnaudioException("--calibration-bins must be in [1, 64], got " + calibrationBins);
        }
        if (breakdown && draws < 1) {
            throw new SnnaudioException("--mismatch-breakdown needs --mismatch-draws >= 1");
        }
        ChipTuning.Settings chipTuning = chipTuningEpochs == 0 ? null
                : new ChipTuning.Settings(chipTuningEpochs, chipTuningLr, fineTuneBatch);
        if (chipTuning != null && (data == null || draws < 1)) {
            throw new SnnaudioException("--chip-tuning-epochs needs --data (its training part is tuned on) and "
                    + "--mismatch-draws >= 1 (the chips to tune)");
        }
        if (testData != null && data == null) {
            throw new SnnaudioException("--test-data needs --data (the recordings fine-tuning and calibration use)");
        }
        SavedModel m = ModelFile.read(ModelPaths.resolve(model));
        m.requireSingleNetwork("model " + model, "deployed to hardware");
        HardwareTarget t = Targets.load(target);
        double dt = dt(m, t);
        if (checkOnly) {
            List<DesignRules.Violation> v = DesignRules.check(m.graph(), t, dt);
            if (v.isEmpty()) {
                System.out.println("model " + model + " passes every design rule of target " + t.name() + " "
                        + DesignRules.RULES);
                return 0;
            }
            v.forEach(System.out::println);
            return 1;
        }
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        boolean tuned = false;
        SavedModel original = m;
        if (fineTuneEpochs > 0) {
            if (data == null) {
                throw new SnnaudioException("--fine-tune-epochs needs --data (its training part is trained on)");
            }
            m = FineTuning.run(m, model.toString(), t, data, format, new FineTuning.Settings(fineTuneEpochs, fineTuneLr,
                    fineTuneBatch, fineTuneRateWeight == null ? 1.0 : fineTuneRateWeight, fineTuneCosine, fineTuneAugment, equalise,
                    fineTuneTauGain, fineTuneClip, fineTuneReorder, fineTuneMismatch), nThreads);
            tuned = true;
        } else if (equalise) {
            m = FineTuning.equalised(m, model.toString());
            tuned = true;
        }
        IntegerNetwork.Readout readout = readout(m.metadata().get("network.readout"));
        boolean spikes = isSpikeInput(m);
        if (!spikes && inputMax == null) {
            if (data == null) {
                throw new SnnaudioException("model " + model + " takes analog (non-spike) inputs: give --input-max, the largest "
                        + "|value| its inputs reach, or --data to calibrate it on the training part of the data");
            }
            inputMax = DeploymentEvaluation.calibrate(m, model.toString(), data, format, nThreads);
            System.out.printf(java.util.Locale.ROOT, "input scale calibrated on the training part of %s: max |x| = %.4g%n",
                    data, inputMax);
        }
        double max = spikes ? Double.NaN : inputMax;
        IntegerNetwork q = Deployer.deployTo(out, m.graph(), target, new Deployer.Options(dt, max, readout));
        if (tuned) {
            ModelFile.write(out.resolve(MODEL_COPY), m);
        } else {
            AtomicFiles.write(out.resolve(MODEL_COPY), tmp -> Files.copy(ModelPaths.resolve(model), tmp));
        }
        System.out.println("deployed " + model + " to target " + t.name() + " in " + out + ": " + q.layers().size()
                + " layers, " + q.weightBits() + "-bit weights, " + q.membraneBits() + "-bit membrane, readout "
                + q.readout().name().toLowerCase(java.util.Locale.ROOT));
        for (IntegerNetwork.Layer l : q.layers()) {
            int[] shifts = java.util.Arrays.stream(l.kMem()).distinct().sorted().toArray();
            StringBuilder taus = new StringBuilder();
            for (int k : shifts) {
                // the time constant the shift really implements: exp(-dt/tau) = 1 - 2^-k
                taus.append(taus.isEmpty() ? "" : ", ").append(k < 0 ? "no leak" : k == 0 ? "0 s"
                        : String.format(java.util.Locale.ROOT, "%.4g s", -q.dt() / Math.log(1 - Math.pow(2, -k))));
            }
            System.out.printf(java.util.Locale.ROOT, "  %-10s %-8s %5d neurons, membrane scale %.4g, weight shift %d, decay shifts %s (tau %s)%n",
                    l.id(), l.type(), l.size(), l.scale(), l.weightShift(), java.util.Arrays.toString(shifts), taus);
        }
        if (data != null) {
            DeploymentEvaluation.run(m, tuned ? out.resolve(MODEL_COPY).toString() : model.toString(), out, t,
                    testData != null ? testData : data, testData != null ? null : format, testData != null, draws, breakdown,
                    nThreads, tuned ? original : null, calibrationRecordings == null ? null
                            : new DeploymentEvaluation.Calibration(data, format, testData != null, calibrationRecordings,
                            calibrationBins == null ? 0 : calibrationBins),
                    chipTuning == null ? null : new DeploymentEvaluation.Tuning(chipTuning, data, format));
        } else if (calibrationRecordings != null) {
            throw new SnnaudioException("--mismatch-calibration needs --data (labelled recordings to calibrate on)");
        }
        return 0;
    }

    /** The model's time step ({@code network.dt} in its metadata), else the target's. */
    static double dt(SavedModel m, HardwareTarget t) {
        return m.metadata().containsKey("network.dt") ? Double.parseDouble(m.metadata().get("network.dt")) : t.timestep();
    }

    static IntegerNetwork.Readout readout(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "spike-count" -> IntegerNetwork.Readout.SPIKE_COUNT;
            case "max-membrane" -> IntegerNetwork.Readout.MAX_MEMBRANE;
            case "mean-membrane" -> IntegerNetwork.Readout.MEAN_MEMBRANE;
            case "last-membrane" -> IntegerNetwork.Readout.LAST_MEMBRANE;
            default -> throw new SnnaudioException("the model's readout '" + name + "' has no integer-simulator equivalent "
                    + "(spike-count, max-membrane, mean-membrane and last-membrane do)");
        };
    }

    /** Whether the model's network inputs are spikes: SHD-style spike data or a spiking encoder. */
    static boolean isSpikeInput(SavedModel m) {
        String cfg = m.metadata().get("pipeline.config");
        if (cfg == null) {
            return true;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode c = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cfg);
            if ("spikes".equals(c.path("frontend").path("type").asText())) {
                return true;
            }
            return !"direct".equals(c.path("encoder").path("type").asText("if"));
        } catch (IOException e) {
            throw new SnnaudioException("model metadata pipeline.config is not JSON: " + e.getMessage(), e);
        }
    }
}
