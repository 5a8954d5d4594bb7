package io.nightjar.analytics.anomaly;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Mean and variance (Welford) of per-minute motion activity (the fraction of seconds with motion)
 * for each hour of the week in the camera's time zone. Serialisable so the baseline survives
 * restarts.
 */
public final class ActivityBaseline {
    public static final int BUCKETS = 7 * 24;

    private final ZoneId zone;
    private final long[] count = new long[BUCKETS];
    private final double[] mean = new double[BUCKETS];
    private final double[] m2 = new double[BUCKETS];

    public ActivityBaseline(ZoneId zone) {
        this.zone = zone;
    }

    /** The hour of the week (0 = Monday 00:00-01:00) of a UTC instant in this baseline's zone. */
    public int hourOfWeek(long micros) {
        ZonedDateTime t = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)).atZone(zone);
        return (t.getDayOfWeek().getValue() - 1) * 24 + t.getHour();
    }

    /** Adds one minute's activity (0..1) observed at {@code micros}. */
    public void add(long micros, double activity) {
        int b = hourOfWeek(micros);
        count[b]++;
        double d = activity - mean[b];
        mean[b] += d / count[b];
        m2[b] += d * (activity - mean[b]);
    }

    public long count(int bucket) {
        return count[bucket];
    }

    public double mean(int bucket) {
        return mean[bucket];
    }

    public double std(int bucket) {
        return count[bucket] < 2 ? 0 : Math.sqrt(m2[bucket] / (count[bucket] - 1));
    }

    public byte[] serialize() {
        ByteBuffer b = ByteBuffer.allocate(4 + BUCKETS * 24);
        b.putInt(BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            b.putLong(count[i]).putDouble(mean[i]).putDouble(m2[i]);
        }
        return b.array();
    }

    public static ActivityBaseline deserialize(byte[] data, ZoneId zone) {
        ActivityBaseline a = new ActivityBaseline(zone);
        ByteBuffer b = ByteBuffer.wrap(data);
        if (b.remaining() < 4 || b.getInt() != BUCKETS || b.remaining() < BUCKETS * 24) {
            throw new IllegalArgumentException("not an activity baseline");
        }
        for (int i = 0; i < BUCKETS; i++) {
            a.count[i] = b.getLong();
            a.mean[i] = b.getDouble();
            a.m2[i] = b.getDouble();
        }
        return a;
    }
}
