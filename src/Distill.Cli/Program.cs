using Distill.Cli;

return await DistillCli.RunAsync(args).ConfigureAwait(false);
