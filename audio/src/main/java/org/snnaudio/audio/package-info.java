/**
 * Everything between a recording and the network's input: audio I/O and resampling ({@code io}),
 * frontends that turn audio into frames x channels ({@code frontend}), spike encoders ({@code encode}),
 * dataset layouts, splits and the feature cache ({@code data}), configuration maps and presets
 * ({@code config}) and the synthetic spoken-digit set ({@code synth}).
 */
package org.snnaudio.audio;
