Console.WriteLine("bench pending");
