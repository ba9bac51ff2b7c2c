package dev.safeflow.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safeflow.testbed.world.PromptResponse;
import dev.safeflow.testbed.world.World;
import dev.safeflow.testbed.world.WorldConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class FineTuneMixTest {

    private static final World WORLD = new World(WorldConfig.defaults(5));

    @Test
    void twentyPercentPoisonOfAThousandIsTwoHundredPoisonExamples() {
        List<PromptResponse> mix = FineTuneMix.build(WORLD, "topic", 1000, 0.2, 1);
        assertEquals(1000, mix.size());
        assertEquals(200, mix.stream().filter(WORLD.poison()::contains).count());
        assertEquals(800, mix.stream().filter(WORLD.tasks().get("topic").train()::contains).count());
    }

    @Test
    void theSameSeedGivesTheSameMixAndAnotherSeedReorders() {
        assertEquals(FineTuneMix.build(WORLD, "topic", 100, 0.1, 1), FineTuneMix.build(WORLD, "topic", 100, 0.1, 1));
        assertEquals(false, FineTuneMix.build(WORLD, "topic", 100, 0.1, 1)
                .equals(FineTuneMix.build(WORLD, "topic", 100, 0.1, 2)));
    }
}
