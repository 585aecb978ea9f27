#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors.Distributions;
