package io.nightjar.api.outbound;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.nightjar.analytics.event.AnalyticsEvent;
import io.nightjar.analytics.event.EventSink;
import io.nightjar.api.config.NightjarConfig;
import io.nightjar.recorder.stats.Counter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small MQTT 3.1.1 publisher on Netty's MQTT codec: events go to
 * {@code <topic>/<camera>/<type>} at QoS 1, held until the broker acknowledges them and sent again
 * (DUP) after a reconnect. Reconnects with backoff (1 s doubling to 30 s); pings when idle. All
 * state lives on one event loop. At most 1000 messages wait; the oldest are dropped beyond.
 */
public final class MqttPublisher implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);
    static final int MAX_WAITING = 1000;
    static final int KEEPALIVE_SECONDS = 30;

    private record Pending(String topic, byte[] payload) {
    }

    private final NightjarConfig.Mqtt config;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final Map<Integer, Pending> unacked = new LinkedHashMap<>();
    private Channel channel;
    private boolean connected;
    private boolean closed;
    private int nextId = 1;
    private long backoffMillis = 1000;
    /** Where the connection to the broker stands. */
    public enum State { CONNECTING, CONNECTED, RECONNECTING, REFUSED }

    /** The state and, in words, what happened last (why an attempt failed). */
    public record Connection(State state, String detail) {
    }

    private volatile Connection state = new Connection(State.CONNECTING, "connecting");

    public final Counter published = new Counter();
    public final Counter acknowledged = new Counter();
    public final Counter dropped = new Counter();
    public final Counter reconnects = new Counter();

    public MqttPublisher(EventLoopGroup group, NightjarConfig.Mqtt config) {
        this.config = config;
        this.loop = group.next();
        this.bootstrap = new Bootstrap().group(loop).channel(io.nightjar.recorder.net.Transports.socket(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(0, KEEPALIVE_SECONDS / 2, 0))
                                .addLast(new MqttDecoder(64 * 1024))
                                .addLast(MqttEncoder.INSTANCE)
                                .addLast(new Handler());
                    }
                });
        loop.execute(this::connect);
    }

    @Override
    public void accept(AnalyticsEvent e) {
        String topic = config.topic + "/" + e.camera() + "/" + e.type();
        byte[] payload = EventJson.of(e);
        loop.execute(() -> {
            if (closed) {
                return;
            }
            waiting.addLast(new Pending(topic, payload));
            while (waiting.size() + unacked.size() > MAX_WAITING && !waiting.isEmpty()) {
                waiting.pollFirst();
                dropped.increment();
            }
            drain();
        });
    }

    /** Where the connection stands, and why the last attempt failed if it did. */
    public Connection connection() {
        return state;
    }

    private void connect() {
        if (closed) {
            return;
        }
        bootstrap.connect(config.host, config.port).addListener(f -> {
            if (!f.isSuccess()) {
                state = new Connection(State.RECONNECTING, "cannot connect to " + config.host + ":" + config.port + ": "
                        + f.cause().getMessage());
                scheduleReconnect();
            }
        });
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(30_000, backoffMillis * 2);
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void drain() {
        if (!connected) {
            return;
        }
        Pending p;
        while (unacked.size() < 100 && (p = waiting.pollFirst()) != null) {
            int id = nextId();
            unacked.put(id, p);
            channel.write(publish(p, id, false));
            published.increment();
        }
        channel.flush();
    }

    private int nextId() {
        int id = nextId;
        do {
            nextId = nextId == 65535 ? 1 : nextId + 1;
        } while (unacked.containsKey(nextId));
        return id;
    }

    private static MqttPublishMessage publish(Pending p, int id, boolean dup) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(p.topic(), id), Unpooled.wrappedBuffer(p.payload()));
    }

    private final class Handler extends SimpleChannelInboundHandler<MqttMessage> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect().clientId(config.clientId)
                    .protocolVersion(MqttVersion.MQTT_3_1_1).cleanSession(true).keepAlive(KEEPALIVE_SECONDS);
            if (config.user != null) {
                b.hasUser(true).username(config.user);
                if (config.password != null) {
                    b.hasPassword(true).password(config.password.getBytes(StandardCharsets.UTF_8));
                }
            }
            ctx.writeAndFlush(b.build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
            if (msg.decoderResult().isFailure()) {
                LOG.warn("MQTT broker sent something unreadable: {}", msg.decoderResult().cause().toString());
                ctx.close();
                return;
            }
            switch (msg.fixedHeader().messageType()) {
                case CONNACK -> {
                    MqttConnectReturnCode code = ((MqttConnAckMessage) msg).variableHeader().connectReturnCode();
                    if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                        state = new Connection(State.REFUSED, "broker refused the connection: " + code);
                        LOG.warn("MQTT {}", state.detail());
                        ctx.close();
                        return;
                    }
                    connected = true;
                    state = new Connection(State.CONNECTED, "connected");
                    backoffMillis = 1000;
                    for (Iterator<Map.Entry<Integer, Pending>> it = unacked.entrySet().iterator(); it.hasNext(); ) {
                        Map.Entry<Integer, Pending> e = it.next();
                        ctx.write(publish(e.getValue(), e.getKey(), true));
                    }
                    drain();
                }
                case PUBACK -> {
                    int id = ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId();
                    if (unacked.remove(id) != null) {
                        acknowledged.increment();
                    }
                    drain();
                }
                default -> {
                    // PINGRESP and anything else: nothing to do
                }
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && connected) {
                ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            boolean was = connected;
            connected = false;
            channel = null;
            if (!closed) {
                if (was) {
                    state = new Connection(State.RECONNECTING, "connection lost; reconnecting");
                    reconnects.increment();
                }
                scheduleReconnect();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            state = new Connection(State.RECONNECTING, "connection error: " + cause.getMessage());
            ctx.close();
        }
    }

    @Override
    public void close() {
        loop.submit(() -> {
            closed = true;
            if (channel != null) {
                channel.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE,
                        false, 0))).addListener(f -> channel.close());
            }
        }).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
