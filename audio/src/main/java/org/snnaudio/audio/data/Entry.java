package org.snnaudio.audio.data;

import java.nio.file.Path;

/**
 * One recording of a dataset: its file, class index and name, group (the speaker or voice, for grouped
 * splits; null when unknown) and official split tag ({@code train}, {@code test}, {@code validation}...;
 * null when the layout has none).
 */
public record Entry(Path file, int label, String className, String group, String split) {
}
