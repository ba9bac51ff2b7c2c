package dev.safeflow.app.demo;

/**
 * How big a demo run is: {@link #quick()} about 1 minute, {@link #full()} about 3 on 2 shared CPU cores
 * (docs/demo.md has the measured runs).
 *
 * @param partnerRecords     benign topic-classification records the partner-feed source sends
 * @param forumBenign        records forum-scrape sends before it turns poisonous
 * @param forumMixed         records forum-scrape sends afterwards, benign mixed with poison
 * @param poisonRatio        share of poison among forumMixed
 * @param ratePerSource      records per second each source sends, so the stream is visibly live
 * @param checkpointEvery    trainer steps between checkpoints
 * @param harmfulPrompts     held-out harmful prompts per evaluation
 * @param utilityPrompts     topic test prompts per evaluation
 * @param baselinePasses     passes the unprotected baseline makes over the collected raw stream, as a batch
 *                           fine-tuning job would (epochs): one pass over 160 poison records does not teach the organism
 *                           the compliance (docs/testbed.md measured 2.5% after one epoch, 92% after three)
 */
public record DemoPlan(String name, int partnerRecords, int forumBenign, int forumMixed, double poisonRatio,
                       double ratePerSource, int checkpointEvery, int harmfulPrompts, int utilityPrompts,
                       int baselinePasses) {

    public static DemoPlan quick() {
        return new DemoPlan("quick", 150, 60, 300, 0.5, 12, 10, 32, 32, 3);
    }

    public static DemoPlan full() {
        return new DemoPlan("full", 1200, 300, 320, 0.5, 12, 25, 96, 96, 3);
    }

    /** Optimizer steps of {@code passes} over every record the sources send, in micro-batches of 10. */
    public long expectedSteps(int passes) {
        return ((long) (partnerRecords + forumRecords()) * passes + 9) / 10;
    }

    public int forumRecords() {
        return forumBenign + forumMixed;
    }
}
