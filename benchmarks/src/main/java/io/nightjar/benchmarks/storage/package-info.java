/** Benchmarks of storage: the write path, index queries at 10 million fragments, MP4 export against ffmpeg. */
package io.nightjar.benchmarks.storage;
