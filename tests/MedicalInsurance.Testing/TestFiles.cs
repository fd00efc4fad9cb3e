namespace MedicalInsurance.Testing;

/// <summary>
/// Where tests write their input files: one directory per test process, removed when the process exits, so the
/// files (and the error files the importer writes beside them) do not pile up in the machine's temporary directory.
/// </summary>
public static class TestFiles
{
    private static readonly Lazy<string> Directory = new(() =>
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("medins-tests-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open at exit: the directory stays, under the system's temporary directory.
            }
        };
        return directory;
    });

    /// <summary>A fresh path in the test directory, ending with the extension given (".csv").</summary>
    public static string NewPath(string extension) => Path.Combine(Directory.Value, $"{Guid.NewGuid():N}{extension}");
}
