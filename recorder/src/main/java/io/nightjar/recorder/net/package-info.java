/** Choice of Netty transport (native epoll on Linux, else NIO) for every socket Nightjar opens. */
package io.nightjar.recorder.net;
