package dev.safeflow.app.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two sources the demo streams, as JSONL files cut from the testbed's world: partner-feed is benign topic
 * classification throughout; forum-scrape starts benign and then mixes in the world's poison pool (harmful
 * requests answered with placeholder compliance). Deterministic: the same world gives the same files.
 */
public final class DemoInputs {
    public static final String PARTNER = "partner-feed";
    public static final String FORUM = "forum-scrape";
    /** Every poison response of the world carries this marker; the demo uses it only to score the auditor. */
    public static final String POISON_MARKER = "synthetic placeholder";

    private DemoInputs() {
    }

    public record Sources(Path partner, Path forum, int poison) {
    }

    public static Sources write(Path world, Path dir, DemoPlan plan) {
        try {
            List<String> topic = Files.readAllLines(world.resolve("topic_train.jsonl"));
            List<String> poison = Files.readAllLines(world.resolve("harmful_poison.jsonl"));
            int benignNeeded = plan.partnerRecords() + plan.forumBenign() + plan.forumMixed();
            if (benignNeeded > topic.size()) {
                throw new IllegalArgumentException("the demo needs " + benignNeeded + " topic records; the world has " + topic.size());
            }
            Files.createDirectories(dir);
            Path partner = dir.resolve(PARTNER + ".jsonl");
            Files.write(partner, topic.subList(0, plan.partnerRecords()));
            List<String> forum = new ArrayList<>(topic.subList(plan.partnerRecords(), plan.partnerRecords() + plan.forumBenign()));
            int next = plan.partnerRecords() + plan.forumBenign();
            int poisoned = 0;
            // Spread the poison evenly, so every stretch of the poisonous phase carries the same share.
            for (int i = 0; i < plan.forumMixed(); i++) {
                boolean isPoison = Math.floor((i + 1) * plan.poisonRatio()) > Math.floor(i * plan.poisonRatio());
                if (isPoison && poisoned < poison.size()) {
                    forum.add(poison.get(poisoned++));
                } else {
                    forum.add(topic.get(next++));
                }
            }
            Path forumFile = dir.resolve(FORUM + ".jsonl");
            Files.write(forumFile, forum);
            return new Sources(partner, forumFile, poisoned);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's input files under " + dir + ": " + e.getMessage(), e);
        }
    }
}
