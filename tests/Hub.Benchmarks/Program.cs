Console.WriteLine("usage: dotnet run -c Release --project tests/Hub.Benchmarks -- import [--json]"); return 1;
