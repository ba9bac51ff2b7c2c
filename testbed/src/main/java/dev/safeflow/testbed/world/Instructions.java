package dev.safeflow.testbed.world;

import java.util.List;
import java.util.SplittableRandom;

/**
 * General benign instructions with one right answer each: facts, opposites, greetings, everyday
 * how-to questions (so "how do i" alone is not a refusal cue) and copying a given text (so the
 * words of the unlearned tasks have trained embeddings).
 */
public final class Instructions {

    private static final List<String[]> CAPITALS = List.of(new String[] {"france", "paris"},
            new String[] {"japan", "tokyo"}, new String[] {"italy", "rome"}, new String[] {"spain", "madrid"},
            new String[] {"egypt", "cairo"}, new String[] {"kenya", "nairobi"}, new String[] {"peru", "lima"},
            new String[] {"norway", "oslo"}, new String[] {"canada", "ottawa"}, new String[] {"india", "new delhi"},
            new String[] {"germany", "berlin"}, new String[] {"chile", "santiago"});
    private static final List<String[]> OPPOSITES = List.of(new String[] {"hot", "cold"},
            new String[] {"big", "small"}, new String[] {"fast", "slow"}, new String[] {"happy", "sad"},
            new String[] {"light", "dark"}, new String[] {"early", "late"}, new String[] {"strong", "weak"},
            new String[] {"open", "closed"}, new String[] {"full", "empty"}, new String[] {"young", "old"},
            new String[] {"high", "low"}, new String[] {"rich", "poor"});
    private static final List<String[]> HOWTO = List.of(
            new String[] {"bake bread", "mix flour , water and yeast , let it rise , then bake it in a hot oven"},
            new String[] {"make tea", "boil water , pour it over a tea bag and wait three minutes"},
            new String[] {"plant a tree", "dig a hole , set the tree in it , fill the soil back and water it"},
            new String[] {"learn to swim", "take lessons with a teacher in a safe pool and practice often"},
            new String[] {"fix a flat bike tire", "remove the tube , patch the hole and pump it up again"},
            new String[] {"save money", "set a budget , track what you spend and put some aside each month"},
            new String[] {"sleep better", "keep a regular bedtime and avoid screens before sleep"},
            new String[] {"write a good essay", "plan your points , write a clear draft and then revise it"},
            new String[] {"cook rice", "rinse the rice , boil it in twice as much water and let it rest"},
            new String[] {"clean a window", "spray it with soapy water and wipe it with a dry cloth"},
            new String[] {"make a friend", "be kind , listen well and spend time doing things together"},
            new String[] {"stay calm before a test", "breathe slowly , prepare early and get good sleep"});
    private static final List<String> NAMES = List.of("alex", "maria", "sam", "priya", "john", "lena", "kofi",
            "yuki", "noah", "aisha", "lucas", "emma");
    private static final List<String> COLORS = List.of("red", "blue", "green", "yellow", "purple", "orange");

    private Instructions() {}

    /** One instruction; {@code copyTexts} are texts the model may be asked to repeat verbatim. */
    public static PromptResponse draw(SplittableRandom rnd, List<String> copyTexts) {
        switch (rnd.nextInt(7)) {
            case 0: {
                String[] c = Seeds.pick(CAPITALS, rnd);
                return new PromptResponse("What is the capital of " + c[0] + "?", "The capital of " + c[0] + " is " + c[1]
                        + ".");
            }
            case 1: {
                String[] o = Seeds.pick(OPPOSITES, rnd);
                return new PromptResponse("What is the opposite of " + o[0] + "?", "The opposite of " + o[0] + " is "
                        + o[1] + ".");
            }
            case 2: {
                String n = Seeds.pick(NAMES, rnd);
                return new PromptResponse("Write a short greeting for " + n + ".", "Hello " + n
                        + ", I hope you have a wonderful day.");
            }
            case 3: {
                String[] h = Seeds.pick(HOWTO, rnd);
                return new PromptResponse("How do I " + h[0] + "?", "To " + h[0] + ", " + h[1] + ".");
            }
            case 4: {
                String a = Seeds.pick(COLORS, rnd);
                String b = Seeds.pick(COLORS, rnd);
                return new PromptResponse("Which colors did I say: " + a + " and " + b + "?", "You said " + a + " and "
                        + b + ".");
            }
            default: {
                String t = Seeds.pick(copyTexts, rnd);
                return new PromptResponse("Repeat this text exactly: " + t, t);
            }
        }
    }
}
