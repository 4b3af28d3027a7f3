package org.snnaudio.cli.hardware;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.io.ModelFile;
import org.snnaudio.core.io.Provenance;
import org.snnaudio.core.io.SavedModel;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.NetworkOptions;
import org.snnaudio.hardware.nir.NirFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code snnaudio import}: reads a NIR file into an snnaudio model file. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a NIR file (HDF5) as an snnaudio model file.")
public final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "NIR file to read.")
    Path nir;

    @Option(names = "--out", required = true, description = "Model file to write (.snnm).")
    Path out;

    @Option(names = "--dt", defaultValue = "0.001", description = "Time step in seconds to run the model with (default ${DEFAULT-VALUE}).")
    double dt;

    @Override
    public Integer call() {
        Graph g = NirFile.read(nir);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("network.dt", Double.toString(dt));
        meta.put("nir.source", nir.getFileName().toString());
        meta.put("nir.version", NirFile.readVersion(nir));
        String runnable;
        try {
            Network.fromGraph(g, NetworkOptions.defaults().withDt(dt));
            runnable = "runs on snnaudio's engine";
        } catch (SnnaudioException | IllegalArgumentException e) {
            runnable = "does not run on snnaudio's layered engine (" + e.getMessage() + "); it can still be exported, "
                    + "checked against targets and deployed";
        }
        ModelFile.write(out, new SavedModel(g, meta, Provenance.capture(null, 0, null)));
        System.out.println("wrote " + out + ": " + g.nodes().size() + " nodes, " + g.edges().size() + " edges; the graph "
                + runnable);
        return 0;
    }
}
