package dev.safeflow.trainer.step;

/**
 * A task example the poison filter left out of a step.
 *
 * @param batch its micro-batch's index among the step's micro-batches
 * @param example its index within that micro-batch
 * @param score −[Lᵢ(θ+ρĝ) − Lᵢ(θ)] / ρ: how much a step along the harmful direction lowers its loss
 * @param z how many robust standard deviations (1.4826 × MAD) the score lies above the running window's median
 */
public record FilteredExample(int batch, int example, double score, double z) {}
