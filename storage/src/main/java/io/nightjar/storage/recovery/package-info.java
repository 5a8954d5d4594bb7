/** Start-up recovery: index and segment files brought back into agreement after any stop. */
package io.nightjar.storage.recovery;
