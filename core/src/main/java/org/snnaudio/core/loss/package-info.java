/** Readouts (class scores from output traces), the cross-entropy loss and activity regularisers. */
package org.snnaudio.core.loss;
