using MedicalInsurance.Cli;

await using var input = Console.OpenStandardInput();
await using var output = Console.OpenStandardOutput();
return await CliApplication.RunAsync(args, input, output, Console.Error, TimeProvider.System);
