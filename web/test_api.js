// web: window.wirepad, the page's test API (appended to wirepad_web.js with --post-js, so it
// shares the module's scope). main() calls wirepadInstallTestApi() once the app is ready;
// the page also fires a 'wirepad-ready' event then.
//   wirepad.load(experiment)  object or JSON text -> {ok:true} | {ok:false, code, error}
//   wirepad.send()            like the Send button  -> {ok:true} | {ok:false, code, error}
//   wirepad.state()           the current exchange (phase, status, headers, body, timings,
//                             error, ...) or {phase:"idle"}
//   wirepad.summary()         the same without the bytes (phase, status, timings, sizes, error,
//                             the first events): cheap to poll while a large body arrives
//   wirepad.experiment()      the composer as an experiment document (object)
//   wirepad.cancel()          cancels the current exchange
//   wirepad.frames()          frames drawn so far
//   wirepad.frameTimes()      the app's work per frame (ms) since the last call
//   wirepad.auth()            the front tab's auth state: {fetching, authorizing, token_only,
//                             error?, notes, token: {environment, variable, length, expiry}}
//   wirepad.dialogs()         the Import and Export dialogs: state, requests found, preview,
//                             and their buttons' centres in CSS pixels (to click them)
//   wirepad.openDialog(name, format)   opens "import" or "export" (format: "curl", "har", ...),
//                             "share", "environments", "rename", the sidebar's "history" or
//                             File > Picked files ("picked_files")
//   wirepad.socket.connect/send/expect/close/state   the socket panel (see below)
//   wirepad.ws.connect/send/expect/ping/close/state  the WebSocket panel (see below)
//   wirepad.pickRequestFile()  a Body tab's file field: opens the file dialog (call it in a
//                             user gesture); a promise of the name the file is kept under
//   wirepad.requestFiles()     the picked files kept in IndexedDB: [{name, original, size}]
//   wirepad.forgetRequestFile(name)   removes one -> {ok:true} | {ok:false, code, error}
//   wirepad.runner(action, argument)  the Runner: "run" (scope), "stop", "rerun_failed", "bail",
//                             "data", "select", "open", "state" -> its state and results
function wirepadInstallTestApi() {
  function call(name, argument) {
    var text = argument === undefined
      ? Module.ccall(name, 'string', [], [])
      : Module.ccall(name, 'string', ['string'], [argument]);
    return JSON.parse(text);
  }
  window.wirepad = {
    load: function(experiment) {
      var text = typeof experiment === 'string' ? experiment : JSON.stringify(experiment);
      return call('wirepad_api_load', text);
    },
    send: function() { return call('wirepad_api_send'); },
    state: function() { return call('wirepad_api_state'); },
    summary: function() { return call('wirepad_api_summary'); },
    experiment: function() { return call('wirepad_api_experiment'); },
    cancel: function() { return call('wirepad_api_cancel'); },
    frames: function() { return Module.ccall('wirepad_api_frames', 'number', [], []); },
    frameTimes: function() { return call('wirepad_api_frame_times'); },
    auth: function() { return call('wirepad_api_auth'); },
    dialogs: function() { return call('wirepad_api_dialogs'); },
    pickRequestFile: function() {
      return new Promise(function(resolve) {
        Module.wirepadPickResolve = resolve;
        call('wirepad_api_pick_request_file');
      });
    },
    requestFiles: function() { return call('wirepad_api_request_files'); },
    forgetRequestFile: function(name) { return call('wirepad_api_forget_request_file', name); },
    runner: function(action, argument) {
      return JSON.parse(Module.ccall('wirepad_api_runner', 'string', ['string', 'string'], [action || 'state', argument || '']));
    },
    // A response tab brought forward once, as the desktop's --open-tab: openTab('Frames').
    openTab: function(name) {
      return JSON.parse(Module.ccall('wirepad_api_open_dialog', 'string', ['string', 'string'], ['tab', name]));
    },
    openDialog: function(name, format) {
      return JSON.parse(Module.ccall('wirepad_api_open_dialog', 'string', ['string', 'string'], [name, format || '']));
    },
    // The socket panel: create({protocol, host, port}) then connect(), or connect({protocol,
    // host, port}) alone; send({data, format}),
    // expect({data, format, seconds}), receive({seconds}), shutdown(), listen(), close(), abort(), state().
    socket: (function() {
      function act(action, options) {
        return JSON.parse(Module.ccall('wirepad_api_socket', 'string', ['string', 'string'],
                                       [action, JSON.stringify(options || {})]));
      }
      return {
        create: function(o) { return act('create', o); },
        connect: function(o) { return act('connect', o); },
        send: function(o) { return act('send', o); },
        expect: function(o) { return act('expect', o); },
        receive: function(o) { return act('receive', o); },
        shutdown: function() { return act('shutdown'); },
        listen: function() { return act('listen'); },
        close: function() { return act('close'); },
        abort: function() { return act('abort'); },
        state: function() { return act('state'); },
      };
    })(),
    // The WebSocket panel: connect({url, subprotocols, headers, compress}), send({data, kind}),
    // expect({data, regex, seconds}), ping(), close({code, reason}), view({view, message}),
    // setTest({test}), tests() (the tests view's verdict), state().
    ws: (function() {
      function act(action, options) {
        return JSON.parse(Module.ccall('wirepad_api_ws', 'string', ['string', 'string'],
                                       [action, JSON.stringify(options || {})]));
      }
      return {
        connect: function(o) { return act('connect', o); },
        send: function(o) { return act('send', o); },
        expect: function(o) { return act('expect', o); },
        ping: function() { return act('ping'); },
        close: function(o) { return act('close', o); },
        view: function(o) { return act('view', o); },
        setTest: function(o) { return act('set_test', o); },
        tests: function() { return act('tests'); },
        state: function() { return act('state'); },
      };
    })(),
  };
  window.dispatchEvent(new Event('wirepad-ready'));
}
