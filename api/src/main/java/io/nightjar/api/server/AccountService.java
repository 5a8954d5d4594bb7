package io.nightjar.api.server;

import io.nightjar.api.auth.AuthGuard;
import io.nightjar.api.auth.Principal;
import io.nightjar.api.auth.Role;
import io.nightjar.api.auth.UserStore;
import io.nightjar.api.events.AuditLog;
import io.nightjar.api.service.Accounts;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.LoginOutcome;
import io.nightjar.api.service.Me;
import io.nightjar.api.service.NewTokenView;
import io.nightjar.api.service.ServiceException;
import io.nightjar.api.service.TokenView;
import io.nightjar.api.service.UserChange;
import io.nightjar.api.service.UserView;
import java.util.ArrayList;
import java.util.List;

/** {@link Accounts} over the user store and the one guessing limiter; every change is audited. */
final class AccountService implements Accounts {
    static final int MAX_TOKEN_LABEL = 100;

    private final UserStore users;
    private final AuthGuard guard;
    private final AuditLog audit;

    AccountService(UserStore users, AuthGuard guard, AuditLog audit) {
        this.users = users;
        this.guard = guard;
        this.audit = audit;
    }

    @Override
    public LoginOutcome login(String remote, String user, String password) {
        if (user == null || password == null) {
            throw ServiceException.invalid("'user' and 'password' are required");
        }
        AuthGuard.Decision d = guard.check(remote, user);
        if (!d.allowed()) {
            return new LoginOutcome.Limited(d.reason(), d.retryAfterSeconds());
        }
        Principal p = users.checkPassword(user, password);
        if (p == null) {
            guard.failed(remote, user);
            audit.record(user, remote, "login.failed", null, null, null, null);
            return new LoginOutcome.Refused();
        }
        guard.succeeded(remote, user);
        String token = users.newSession(p);
        audit.record(p.user(), remote, "login", null, null, null, null);
        return new LoginOutcome.Granted(new Me(p.user(), p.role().name(), p.cameras(), token));
    }

    @Override
    public void logout(String sessionToken) {
        users.endSession(sessionToken);
    }

    @Override
    public List<TokenView> tokens(Caller caller) {
        List<TokenView> out = new ArrayList<>();
        for (TokenView t : users.listTokens()) {
            if (isAdmin(caller) || caller.user().equals(t.user())) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public NewTokenView createToken(Caller caller, String owner, String label) {
        if (label != null && label.length() > MAX_TOKEN_LABEL) {
            throw ServiceException.invalid("'label' must be at most " + MAX_TOKEN_LABEL + " characters");
        }
        String who = owner == null ? caller.user() : owner;
        if (!who.equals(caller.user()) && !isAdmin(caller)) {
            throw ServiceException.forbidden("only an admin may create a token for another user");
        }
        NewTokenView t = users.createToken(who, label);
        audit(caller, "token.create", t.id() + " for " + who);
        return t;
    }

    @Override
    public void revokeToken(Caller caller, String id) {
        boolean mine = users.listTokens().stream().anyMatch(t -> id.equals(t.id()) && caller.user().equals(t.user()));
        if (!mine && !isAdmin(caller) || !users.deleteToken(id)) {
            throw ServiceException.notFound("no token '" + id + "'");
        }
        audit(caller, "token.delete", id);
    }

    @Override
    public List<UserView> users() {
        return users.listUsers();
    }

    @Override
    public UserView createUser(Caller caller, UserChange b) {
        users.createUser(b.name(), b.password(), b.role(), b.cameras());
        audit(caller, "user.create", b.name() + " as " + b.role());
        return user(b.name());
    }

    @Override
    public UserView updateUser(Caller caller, String name, UserChange b) {
        if (b.name() != null && !b.name().equals(name)) {
            throw ServiceException.invalid("a user cannot be renamed");
        }
        users.updateUser(name, b.password(), b.role(), b.cameras());
        audit(caller, "user.update", name + (b.password() != null ? " (password)" : ""));
        return user(name);
    }

    @Override
    public void deleteUser(Caller caller, String name) {
        if (!users.deleteUser(name)) {
            throw ServiceException.notFound("no user '" + name + "'");
        }
        audit(caller, "user.delete", name);
    }

    private UserView user(String name) {
        return users.listUsers().stream().filter(u -> u.name().equals(name)).findFirst()
                .orElseThrow(() -> ServiceException.notFound("no user '" + name + "'"));
    }

    private static boolean isAdmin(Caller caller) {
        return caller.principal().role() == Role.admin;
    }

    private void audit(Caller caller, String action, String detail) {
        audit.record(caller.user(), caller.remote(), action, null, null, null, detail);
    }
}
