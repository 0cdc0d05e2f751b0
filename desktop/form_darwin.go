package desktop

import (
	"cmp"
	"context"
	"encoding/json"
	"os/exec"
	"strings"
)

// keysFormScript is JXA for osascript: an NSAlert whose accessory view holds one text field
// per entry of SPEC (the secret's an NSSecureTextField), filled in with what was typed before.
// It prints the values as a JSON array, or exits 1 on Cancel. The script and its values go
// to osascript on stdin, never in argv.
const keysFormScript = `ObjC.import('AppKit'); ObjC.import('stdlib');
const spec = SPEC;
const alert = $.NSAlert.alloc.init;
alert.messageText = spec.title;
alert.informativeText = spec.text;
alert.addButtonWithTitle('Check and add');
alert.addButtonWithTitle('Cancel');
const w = 360, row = 48, n = spec.fields.length;
const view = $.NSView.alloc.initWithFrame($.NSMakeRect(0, 0, w, row * n));
const inputs = spec.fields.map((f, i) => {
  const y = row * (n - 1 - i);
  const label = $.NSTextField.labelWithString(f.label);
  label.frame = $.NSMakeRect(0, y + 24, w, 18);
  view.addSubview(label);
  const input = (f.hidden ? $.NSSecureTextField : $.NSTextField).alloc.initWithFrame($.NSMakeRect(0, y, w, 22));
  input.stringValue = f.value;
  view.addSubview(input);
  return input;
});
alert.accessoryView = view;
alert.window.initialFirstResponder = inputs[0];
$.NSApplication.sharedApplication.activateIgnoringOtherApps(true);
if (alert.runModal != $.NSAlertFirstButtonReturn) { $.exit(1); }
JSON.stringify(inputs.map(i => i.stringValue.js));
`

// showKeysForm shows the form as an NSAlert through osascript (JXA), as ncruces/zenity does
// for its own dialogs.
func showKeysForm(ctx context.Context, problem string, last KeysForm) (KeysForm, error) {
	type field struct {
		Label  string `json:"label"`
		Hidden bool   `json:"hidden"`
		Value  string `json:"value"`
	}
	spec := struct {
		Title  string  `json:"title"`
		Text   string  `json:"text"`
		Fields []field `json:"fields"`
	}{Title: "Add credentials", Text: cmp.Or(problem, formIntro)}
	for _, f := range keysFields {
		spec.Fields = append(spec.Fields, field{f.label, f.hidden, *f.value(&last)})
	}
	js, err := json.Marshal(spec)
	if err != nil {
		return KeysForm{}, err
	}
	cmd := exec.CommandContext(ctx, "osascript", "-l", "JavaScript")
	cmd.Stdin = strings.NewReader(strings.Replace(keysFormScript, "SPEC", string(js), 1))
	out, err := runFormTool(ctx, cmd)
	if err != nil {
		return KeysForm{}, err
	}
	values, err := parseJSONForm(out, len(keysFields))
	if err != nil {
		return KeysForm{}, err
	}
	return formOf(values), nil
}
