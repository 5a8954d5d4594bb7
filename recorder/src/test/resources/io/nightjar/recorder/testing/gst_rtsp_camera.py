#!/usr/bin/python3
"""A real RTSP camera for Nightjar's tests: GStreamer's rtsp-server with a test pattern.

Prints "READY <port>" on stdout once listening. Exits when stdin closes (the test process died)
or on SIGTERM. Must run under Debian's /usr/bin/python3, which has the GObject bindings.
"""
import argparse
import os
import signal
import sys
import threading

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtsp', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def pipeline(a):
    if a.launch:
        return a.launch
    caps = 'video/x-raw,width=%d,height=%d,framerate=%d/1' % (a.width, a.height, a.fps)
    src = 'videotestsrc is-live=true pattern=%s ! %s' % (a.pattern, caps)
    if a.overlay:
        src += ' ! timeoverlay font-desc="Sans 24"'
    if a.codec == 'h264':
        enc = ('x264enc tune=zerolatency sliced-threads=false speed-preset=ultrafast key-int-max=%d bitrate=%d '
               '! video/x-h264,profile=%s ! rtph264pay name=pay0 pt=96 config-interval=%d mtu=%d'
               % (a.gop, a.bitrate, a.profile, a.config_interval, a.mtu))
    else:
        enc = ('x265enc tune=zerolatency speed-preset=ultrafast key-int-max=%d bitrate=%d '
               '! rtph265pay name=pay0 pt=96 config-interval=%d mtu=%d' % (a.gop, a.bitrate, a.config_interval, a.mtu))
    return '( %s ! videoconvert ! %s )' % (src, enc)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--path', default='/cam')
    p.add_argument('--codec', choices=['h264', 'h265'], default='h264')
    p.add_argument('--width', type=int, default=640)
    p.add_argument('--height', type=int, default=360)
    p.add_argument('--fps', type=int, default=25)
    p.add_argument('--gop', type=int, default=25)
    p.add_argument('--bitrate', type=int, default=1000, help='kbit/s')
    p.add_argument('--profile', default='high')
    p.add_argument('--pattern', default='ball')
    p.add_argument('--overlay', action='store_true')
    p.add_argument('--config-interval', type=int, default=-1)
    p.add_argument('--mtu', type=int, default=1400)
    p.add_argument('--auth', choices=['none', 'basic', 'digest'], default='none')
    p.add_argument('--user', default='')
    p.add_argument('--password', default='')
    p.add_argument('--shared', action='store_true')
    p.add_argument('--launch', default=None, help='a complete gst-launch pipeline with pay0')
    a = p.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address('127.0.0.1')
    server.set_service(str(a.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(pipeline(a))
    factory.set_shared(a.shared)
    if a.auth != 'none':
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string('media.factory.role', 'user')
        if a.auth == 'digest':
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
            auth.add_digest(a.user, a.password, token)
        else:
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(a.user, a.password), token)
        server.set_auth(auth)
        factory.add_role_from_structure(Gst.Structure.new_from_string(
            'user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true'))
    server.get_mount_points().add_factory(a.path, factory)
    if server.attach(None) == 0:
        print('FAILED to listen on port %d' % a.port, flush=True)
        sys.exit(2)
    loop = GLib.MainLoop()

    def watch_stdin():
        try:
            while sys.stdin.read(1):
                pass
        finally:
            GLib.idle_add(loop.quit)

    threading.Thread(target=watch_stdin, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: GLib.idle_add(loop.quit))
    print('READY %d' % a.port, flush=True)
    loop.run()
    os._exit(0)


if __name__ == '__main__':
    main()
