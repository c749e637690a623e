package main

import (
	"fmt"
	"strings"
)

// Node is one category in a product tree.
type Node struct {
	Name     string
	Children []*Node
}

// Paths returns every root-to-leaf path of names, leaves in depth-first order (children in
// slice order). A nil root has no paths.
func Paths(root *Node) [][]string {
	var out [][]string
	var walk func(n *Node, prefix []string)
	walk = func(n *Node, prefix []string) {
		path := append(prefix, n.Name)
		if len(n.Children) == 0 {
			out = append(out, path)
			return
		}
		for _, c := range n.Children {
			walk(c, path)
		}
	}
	if root != nil {
		walk(root, nil)
	}
	return out
}

// Breadcrumbs returns every path joined with " > ".
func Breadcrumbs(root *Node) []string {
	var out []string
	for _, p := range Paths(root) {
		out = append(out, strings.Join(p, " > "))
	}
	return out
}

func main() {
	leaf := func(name string) *Node { return &Node{Name: name} }
	tree := &Node{Name: "shop", Children: []*Node{
		{Name: "books", Children: []*Node{
			{Name: "fiction", Children: []*Node{leaf("novels"), leaf("poetry")}},
		}},
	}}
	for _, b := range Breadcrumbs(tree) {
		fmt.Println(b)
	}
}
