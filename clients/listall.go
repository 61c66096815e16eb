package clients

import "fmt"

// maxPages stops a service whose cursors never end.
const maxPages = 1000

// listAll follows cursors from the first page until one has none.
func listAll[T any](fetch func(cursor string) ([]T, string, error)) ([]T, error) {
	var all []T
	cursor := ""
	for range maxPages {
		rows, next, err := fetch(cursor)
		if err != nil {
			return nil, err
		}
		all = append(all, rows...)
		if next == "" {
			return all, nil
		}
		if next == cursor {
			return nil, fmt.Errorf("clients: cursor %q repeats", next)
		}
		cursor = next
	}
	return nil, fmt.Errorf("clients: more than %d pages", maxPages)
}
