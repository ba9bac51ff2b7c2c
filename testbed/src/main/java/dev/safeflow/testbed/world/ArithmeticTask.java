package dev.safeflow.testbed.world;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A GSM8K-like one-step word problem (add, take away or multiply); the answer is the bare number.
 * The organism never trains on it before fine-tuning.
 */
public final class ArithmeticTask {

    private static final List<String> NAMES = List.of("tom", "ana", "li", "sara", "omar", "mia", "ben", "zoe",
            "raj", "eva", "max", "ivy");
    private static final List<String> ITEMS = List.of("apples", "books", "coins", "marbles", "stickers", "pencils",
            "cookies", "cards", "shells", "stamps");

    public static final String PREFIX = "Solve this problem and answer with a number. ";

    private ArithmeticTask() {}

    public static PromptResponse draw(SplittableRandom rnd) {
        String name = Seeds.pick(NAMES, rnd);
        String item = Seeds.pick(ITEMS, rnd);
        int op = rnd.nextInt(3);
        String q;
        int answer;
        if (op == 0) {
            int a = 1 + rnd.nextInt(50);
            int b = 1 + rnd.nextInt(50);
            q = name + " has " + a + " " + item + " and gets " + b + " more . How many " + item + " does " + name
                    + " have now?";
            answer = a + b;
        } else if (op == 1) {
            int a = 2 + rnd.nextInt(98);
            int b = 1 + rnd.nextInt(a - 1);
            q = name + " has " + a + " " + item + " and gives away " + b + " . How many " + item + " does " + name
                    + " have left?";
            answer = a - b;
        } else {
            int a = 2 + rnd.nextInt(9);
            int b = 2 + rnd.nextInt(9);
            q = name + " has " + a + " bags with " + b + " " + item + " in each bag . How many " + item + " does "
                    + name + " have in total?";
            answer = a * b;
        }
        return new PromptResponse(PREFIX + q, Integer.toString(answer));
    }
}
