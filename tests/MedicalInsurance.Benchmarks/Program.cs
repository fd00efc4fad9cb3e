using BenchmarkDotNet.Running;
using MedicalInsurance.Benchmarks;

// "throughput": persons/s in a plain loop on one thread; "calc-lines": the built DLL over a generated file;
// "file-load CONNECTION [callers] [seconds]": load a file and compute, in process, against a seeded database
// ("file-load-by-id": the same, found by ID number as a clerk finds it); "lookup-browser": one clerk in Chromium,
// "lookup-clerks": many at once, each in a browser context of their own ("make-clerks" makes their users);
// anything else goes to BenchmarkDotNet (e.g. --filter *EngineBenchmarks*).
return args.FirstOrDefault() switch
{
    "throughput" => Throughput.Run(),
    "calc-lines" => await CalcLinesBenchmark.RunAsync(args.Skip(1).ToArray()),
    "file-load" => await FileLoadBenchmark.RunAsync(args.Skip(1).ToArray()),
    "file-load-by-id" => await FileLoadBenchmark.RunByIdNumberAsync(args.Skip(1).ToArray()),
    "lookup-browser" => await LookupBrowserBenchmark.RunAsync(args.Skip(1).ToArray()),
    "lookup-clerks" => await ManyClerksBenchmark.RunAsync(args.Skip(1).ToArray()),
    "make-clerks" => await BenchmarkClerks.MakeAsync(args.Skip(1).ToArray()),
    "dashboard-browser" => await DashboardBenchmarks.BrowserAsync(args.Skip(1).ToArray()),
    "dashboard-refresh" => await DashboardBenchmarks.RefreshAsync(args.Skip(1).ToArray()),
    "import-payments" => await ImportBenchmark.RunAsync(args.Skip(1).ToArray()),
    "import-population" => await PopulationBenchmark.ImportAsync(args.Skip(1).ToArray()),
    "population-extract" => await PopulationBenchmark.ExtractAsync(args.Skip(1).ToArray()),
    "uninsured-page" => await PopulationBenchmark.UninsuredPageAsync(args.Skip(1).ToArray()),
    "parameter-preview" => await ParameterPreviewBenchmark.RunAsync(args.Skip(1).ToArray()),
    "call-list-page" => await CallListBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
    return 0;
}
