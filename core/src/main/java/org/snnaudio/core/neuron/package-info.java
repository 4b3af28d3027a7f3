/**
 * Neuron models as pure step kernels (Norse style): {@code step(input, state, params) -> new state
 * with spikes}, with continuous-time parameters discretised once per time step, and the surrogate
 * gradients used to train them.
 */
package org.snnaudio.core.neuron;
