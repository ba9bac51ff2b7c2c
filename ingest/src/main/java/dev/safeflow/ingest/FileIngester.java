package dev.safeflow.ingest;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.records.FieldNames;
import dev.safeflow.records.Parsed;
import dev.safeflow.records.Provenance;
import dev.safeflow.records.RecordParser;
import dev.safeflow.records.RecordShape;
import dev.safeflow.records.input.InputSource;
import dev.safeflow.records.input.RawRecord;
import dev.safeflow.records.input.RecordReader;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.identity.SourceName;
import dev.safeflow.schemas.lock.LockFile;
import dev.safeflow.schemas.topics.Topic;
import dev.safeflow.schemas.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * File and stdin ingest: reads each input in order, produces what parses to {@code ft.raw} and the
 * rest to {@code ft.dlq}, and marks a checkpoint every {@code checkpointEvery} records. A checkpoint is
 * written only after the broker acknowledged every record up to its line ({@link AckedPrefix}, from the send
 * callbacks: reading never waits for the broker), so a rerun after a crash
 * skips those lines, then reads back the topics' tails to skip the lines the crashed run wrote after
 * its last checkpoint: every line of a file lands once in ft.raw or ft.dlq. Stdin has no checkpoint.
 */
public final class FileIngester implements AutoCloseable {
    /** How long the end of an input waits for the last callbacks once the producer's flush has returned. */
    private static final Duration FINAL_ACK_TIMEOUT = Duration.ofSeconds(60);

    /** Sees progress a few times a second, and once more with {@code last} at the end of each input. */
    public interface Listener {
        Listener NONE = (p, last) -> { };

        void progress(Progress progress, boolean last);
    }

    public record Progress(String input, long bytesDone, long totalBytes, IngestCounters counters, double seconds) {
    }

    /** What one run over one input did; {@code resumedAfter} is the checkpoint's line (0 from the start). */
    public record Result(String input, IngestCounters counters, long resumedAfter, double seconds) {
    }

    public record Options(String source, String dataset, RecordShape format, FieldNames fields, int maxRecordBytes, double rate,
                          Path checkpointDir, int checkpointEvery, boolean fromStart) {
        /** The source in canonical form, so checkpoints and the resume window match what records carry. */
        public Options {
            source = source == null || source.isBlank() ? source : SourceName.normalise(source);
        }

        public static Options from(Settings s, String source, String dataset, String format, Double rate, boolean fromStart) {
            return new Options(source, dataset, RecordShape.parse(format == null ? s.get(IngestConfig.FORMAT) : format),
                IngestConfig.fieldNames(s), s.get(IngestConfig.MAX_RECORD_BYTES), rate == null ? s.get(IngestConfig.RATE) : rate,
                Path.of(s.get(IngestConfig.CHECKPOINT_DIR)), s.get(IngestConfig.CHECKPOINT_EVERY), fromStart);
        }
    }

    private final Options options;
    private final Topic<String, FineTuneRecord> raw;
    private final Topic<String, byte[]> dlq;
    private final IngestProducer producer;
    private final ResumeWindow window;
    private final RecordParser parser;
    private final ResumeCheckpoint.Store checkpoints;
    private long crashAfter = Long.MAX_VALUE;

    /** Checks the broker, topics and registry first ({@link KafkaPreflight}), so problems surface before reading. */
    public FileIngester(Map<String, Object> clientProperties, Topics topics, Options options) {
        new Provenance(options.source(), options.dataset(), "", 0); // validates the source name up front
        this.options = options;
        this.raw = topics.raw();
        this.dlq = topics.deadLetters();
        KafkaPreflight.check(clientProperties, raw, dlq);
        this.producer = new IngestProducer(clientProperties, raw, dlq, true);
        this.window = new ResumeWindow(clientProperties);
        this.parser = new RecordParser(options.format(), options.fields(), options.maxRecordBytes(), Clock.systemUTC());
        this.checkpoints = new ResumeCheckpoint.Store(options.checkpointDir());
    }

    public Result ingest(String arg, InputStream stdin, Listener listener) throws InterruptedException {
        long started = System.nanoTime();
        String name = InputSource.displayName(arg);
        Provenance where = new Provenance(options.source(), options.dataset(), name, 0);
        IngestCounters counters = new IngestCounters();
        RateLimiter rate = new RateLimiter(options.rate());
        long lastLine = 0;
        long sinceCheckpoint = 0;
        try (LockFile lock = InputSource.STDIN.equals(arg) ? null
                : ResumeCheckpoint.lock(checkpoints, name, options.source(), options.dataset(), raw.name());
             RecordReader reader = InputSource.reader(arg, stdin, options.maxRecordBytes())) {
            Resume resume = InputSource.STDIN.equals(arg) ? Resume.NONE : resume(arg, name);
            lastLine = resume.line();
            AckedPrefix acked = new AckedPrefix(resume.rawEnd(), resume.dlqEnd());
            AckedPrefix.Acked saved = null;
            long total = InputSource.STDIN.equals(arg) ? -1 : Files.size(Path.of(arg));
            for (RawRecord record; (record = reader.next()) != null; ) {
                if (record.line() <= resume.line()) {
                    counters.skipped(1);
                    continue;
                }
                if (resume.written().contains(record.line())) {
                    counters.skipped(1);
                    lastLine = record.line(); // on the broker already, so a checkpoint may cover it
                    continue;
                }
                if (counters.read() >= crashAfter) {
                    producer.abandon();
                    throw new SimulatedCrash();
                }
                rate.acquire();
                Parsed parsed = parser.parse(record, where.atLine(record.line()));
                if (parsed instanceof Parsed.Accepted a) {
                    producer.send(a.record(), a.provenance(), acked.sending(false));
                } else {
                    producer.sendDeadLetter((Parsed.Rejected) parsed, acked.sending(true));
                }
                counters.count(parsed);
                lastLine = record.line();
                if (++sinceCheckpoint >= options.checkpointEvery()) {
                    // No flush here: the checkpoint is written once the callbacks say this line is acknowledged.
                    acked.mark(lastLine);
                    sinceCheckpoint = 0;
                }
                if ((counters.read() & 255) == 0) {
                    saved = save(resume, acked.latest(), saved);
                    listener.progress(new Progress(name, reader.bytesConsumed(), total, counters, seconds(started)), false);
                }
            }
            producer.flush();
            acked.mark(lastLine);
            save(resume, acked.awaitAll(FINAL_ACK_TIMEOUT), saved);
            listener.progress(new Progress(name, reader.bytesConsumed(), total, counters, seconds(started)), true);
            return new Result(name, counters, resume.line(), seconds(started));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name + " failed at line " + lastLine + ": " + e.getMessage()
                + " (rerun to resume after the last checkpoint)", e);
        }
    }

    /** Writes a checkpoint at {@code now} when it is further than the one last written; stdin has none. */
    private AckedPrefix.Acked save(Resume resume, AckedPrefix.Acked now, AckedPrefix.Acked saved) {
        if (resume.start() == null || now == null || (saved != null && now.line() <= saved.line())) {
            return saved;
        }
        checkpoints.save(resume.at(now));
        return now;
    }

    /**
     * Loads the checkpoint (or writes a first one before anything is sent, so even a crash before the
     * first regular checkpoint can be resumed) and finds the lines written after it.
     */
    private Resume resume(String arg, String name) {
        Path path = Path.of(arg);
        ResumeCheckpoint previous = options.fromStart() ? null
            : checkpoints.load(name, options.source(), options.dataset(), raw.name());
        String checked = previous == null ? null : ResumeCheckpoint.fingerprint(path, previous.fingerprintBytes());
        if (previous != null && !previous.fingerprint().equals(checked)) {
            throw new IllegalStateException("input " + arg + " changed since it was last ingested (line " + previous.line()
                + " of the old content): pass --from-start to ingest it again from line 1");
        }
        Map<Integer, Long> rawEnd = window.endOffsets(raw.name());
        Map<Integer, Long> dlqEnd = window.endOffsets(dlq.name());
        long size = sizeOf(path);
        long fpBytes = size; // the whole file: an edit anywhere in what was ingested is refused on resume
        // One pass over an unchanged file: its whole-file hash was just checked.
        String fp = previous != null && previous.fingerprintBytes() == fpBytes ? checked : ResumeCheckpoint.fingerprint(path, fpBytes);
        if (previous == null) {
            ResumeCheckpoint first = new ResumeCheckpoint(name, options.source(), options.dataset(), raw.name(), 0, fp, fpBytes,
                rawEnd, dlqEnd);
            checkpoints.save(first);
            return new Resume(first, 0, Set.of(), 0, rawEnd, dlqEnd, fp, fpBytes);
        }
        Set<Long> written = new java.util.HashSet<>(window.linesWritten(raw.name(), previous.raw(), name, options.source()));
        written.addAll(window.linesWritten(dlq.name(), previous.dlq(), name, options.source()));
        long maxWritten = written.stream().mapToLong(Long::longValue).max().orElse(0);
        return new Resume(previous, previous.line(), written, maxWritten, rawEnd, dlqEnd, fp, fpBytes);
    }

    /**
     * Resume state of one run. Until the run passes the last line the crashed run wrote, new
     * checkpoints keep the old offsets, so a second crash still finds those lines.
     */
    private record Resume(ResumeCheckpoint start, long line, Set<Long> written, long maxWritten,
                          Map<Integer, Long> rawEnd, Map<Integer, Long> dlqEnd, String fingerprint, long fingerprintBytes) {
        static final Resume NONE = new Resume(null, 0, Set.of(), 0, Map.of(), Map.of(), "", 0);

        ResumeCheckpoint at(AckedPrefix.Acked acked) {
            boolean pastOld = acked.line() >= maxWritten;
            return new ResumeCheckpoint(start.input(), start.source(), start.dataset(), start.rawTopic(), acked.line(), fingerprint,
                fingerprintBytes, pastOld ? acked.raw() : start.raw(), pastOld ? acked.dlq() : start.dlq());
        }
    }

    /** Test drill: after {@code records} records of the next input, drop unsent records and stop as a crash would. */
    void crashAfter(long records) {
        this.crashAfter = records;
    }

    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @Override
    public void close() {
        window.close();
        producer.close();
    }
}
