// Package control is the running app's local control socket: the server the app listens
// with and the client that `vaultbar` commands (and `vaultbar open URL`) reach it through.
// It replaces the flock single-instance lock: a live socket is the running app.
//
// # Where and who
//
// The socket is the Unix socket SocketName in a directory the caller names and only the user
// may enter: $XDG_RUNTIME_DIR/vaultbar on Linux, the per-user temporary directory on macOS,
// a directory under %LOCALAPPDATA% on Windows. Listen creates it 0700, tightens the mode of
// one the user owns, and refuses a symlink or a directory another user owns (they could
// replace the socket). The socket file itself is 0600.
//
// Every accepted connection's peer is checked before anything is read from it: on Linux
// SO_PEERCRED, on macOS LOCAL_PEERCRED (what getpeereid uses). A peer whose effective uid
// is not the app's gets one "forbidden" error reply and is closed; the handler never runs.
// The client checks the server the same way, so it hands nothing to another user's socket.
// Windows has AF_UNIX sockets (Windows 10 1803 and later) but no peer credentials: there the
// directory's ACL under %LOCALAPPDATA% (the user, SYSTEM and administrators) is the guard,
// and every connection that gets through it is served.
//
// # Starting, stale sockets, a second start
//
// Listen holds an exclusive lock on the file control.lock in the same directory (flock; on
// Windows LockFileEx) while it checks the socket, removes a stale one and binds, so two apps
// starting at once never both listen nor remove each other's socket. An existing socket is
// probed with "ping": connection refused (a crashed app's file, or any file that is not a
// socket) is stale and replaced; a reply of any protocol version is a live app, and Listen
// returns ErrAlreadyRunning; a socket that accepts but does not answer within ProbeTimeout
// gives ErrUnresponsive, with a hint to end that process. Close removes the socket file only
// while it is still the one this server bound.
//
// Listen answers "ping" at once; requests for the Handler wait until Serve supplies it, so
// the app may Listen first (to learn it is the only one) and Serve when its menu is ready.
//
// # Messages
//
// One request and one reply per connection, each a JSON object on one line ending in "\n"
// (encoding/json never writes a raw newline inside a value). Every message carries the
// protocol version "v" (Version):
//
//	→ {"v":1,"op":"env","body":{"profile":"dev"}}
//	← {"v":1,"ok":true,"body":{"AccessKeyId":"…"}}
//	← {"v":1,"ok":false,"error":{"code":"failed","message":"profile not found","hint":"…"}}
//
// "body" is optional in both directions. The built-in op "ping" is answered by the server
// itself with ListenOptions.Info. Error codes the server itself sends are the Code*
// constants; a Handler chooses its own by returning a *RemoteError, and otherwise its error
// goes out with CodeFailed, its message and its hint (ListenOptions.HintFunc).
//
// The client keeps its side of the connection open until the reply arrives: the end of its
// stream (it closed, or was interrupted) cancels the handler's context, as does Close.
//
// Bad input never stops the server: a request that is not JSON, has another version or no
// op, is larger than ListenOptions.MaxRequest (read no further than that, answered, then
// closed), or does not arrive within ReadTimeout gets one error reply on its connection; a
// panicking handler becomes a CodeInternal reply. At most MaxConns connections are served
// at once; one more gets a CodeBusy reply.
//
// Try it by hand: echo '{"v":1,"op":"ping"}' | socat - UNIX-CONNECT:$XDG_RUNTIME_DIR/vaultbar/control.sock
package control
