using Paloma.Cli;
using Paloma.Cli.Commands;

// Run through a symlink named sendmail, mailq or newaliases, Paloma is that program (PRODUCT K).
var name = ProgramName.Current();
return name is "sendmail" or "mailq" or "newaliases"
    ? await SendmailCommand.RunAsync(args, name)
    : await PalomaCli.RunAsync(args);
