package org.snnaudio.cli.hardware;

import org.snnaudio.core.io.ModelFile;
import org.snnaudio.core.io.SavedModel;
import org.snnaudio.hardware.nir.NirFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code snnaudio export}: writes a model's network as a NIR (HDF5) file for the Python ecosystem. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model's network to a NIR file (HDF5, the layout of the NIR reference package).")
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model file (.snnm) written by 'snnaudio train'.")
    Path model;

    @Option(names = "--nir", required = true, description = "NIR file to write (.nir).")
    Path nir;

    @Override
    public Integer call() {
        SavedModel m = ModelFile.read(ModelPaths.resolve(model));
        m.requireSingleNetwork("model " + model, "exported to NIR");
        NirFile.write(m.graph(), nir);
        System.out.println("wrote " + nir + " (NIR " + NirFile.NIR_VERSION + ", " + m.graph().nodes().size() + " nodes, "
                + m.graph().edges().size() + " edges)");
        return 0;
    }
}
