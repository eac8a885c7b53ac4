using Warble.Cli;

return CommandLineHost.Run(CliApp.CreateRoot(), args);
