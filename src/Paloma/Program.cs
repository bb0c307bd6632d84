using Paloma.Cli;

return await PalomaCli.RunAsync(args);
