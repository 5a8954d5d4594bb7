package io.nightjar.api.service;

import java.util.List;

/**
 * Users, sessions and API tokens. Logins go through the one guessing limiter every
 * authentication path shares; every change is audited.
 */
public interface Accounts {
    LoginOutcome login(String remote, String user, String password);

    /** Ends a session (unknown tokens are ignored). */
    void logout(String sessionToken);

    /** The caller's tokens, every token for an admin. */
    List<TokenView> tokens(Caller caller);

    /** A token for {@code owner} (the caller if null; another user's only for an admin). */
    NewTokenView createToken(Caller caller, String owner, String label);

    void revokeToken(Caller caller, String id);

    List<UserView> users();

    UserView createUser(Caller caller, UserChange user);

    UserView updateUser(Caller caller, String name, UserChange change);

    void deleteUser(Caller caller, String name);
}
