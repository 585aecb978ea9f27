global using Grader.Tensors;
global using static Grader.Tensors.torch;
