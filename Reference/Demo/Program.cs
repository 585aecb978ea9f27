Console.WriteLine("demo pending");
