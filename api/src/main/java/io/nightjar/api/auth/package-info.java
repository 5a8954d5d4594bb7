/**
 * Users, roles (viewer, operator, admin), per-camera permissions, password hashing (PBKDF2),
 * sessions and API tokens, and the rate limit on failed logins. Secrets are stored hashed and are
 * never logged or returned.
 */
package io.nightjar.api.auth;
